"""Encrypted backups and verified restores (security-targets T33, HIPAA 164.308(a)(7)).

``remission backup`` writes one encrypted file holding the database (SQLite's online backup, or
``pg_dump`` of a snapshot) and a manifest with every table's row count and content hash taken from
that same snapshot. ``remission restore`` decrypts it into an empty database and compares the
restored tables with the manifest; any difference fails the restore loudly.
"""
