"""Importing a plan on screen: choosing the file, then reviewing the draft before it is saved."""
