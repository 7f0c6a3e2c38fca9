"""The Word (``.docx``) reader: a safe package reader, styles and numbering, and the body mapping."""
