"""The frozen application's entry point (PyInstaller runs this script): the same `trialdesk`
command as the installed package's, window with no arguments, command line otherwise."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    if sys.platform == "win32":  # a frozen Windows process that multiprocessing spawns starts here
        import multiprocessing

        multiprocessing.freeze_support()
    main()
