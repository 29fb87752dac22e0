"""The reader: a Textual app over store/."""
