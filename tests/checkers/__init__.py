"""Checkers that read finished outputs back and report what a professional would object to."""
