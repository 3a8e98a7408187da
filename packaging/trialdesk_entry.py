"""The frozen application's entry point (PyInstaller runs this script): the same `trialdesk`
command as the installed package's, window with no arguments, command line otherwise."""

import multiprocessing

from ui.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes of a frozen Windows build start here
    main()
