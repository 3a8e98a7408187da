"""Signatures: account and password rules, electronic signatures as values, the site's certificate
authority with PAdES signing and verification of PDFs, and a checked signature's results in words."""
