"""How Veturi's data reads to a person, shared by every way out: the web pages, the JSON API and
the e-mails. Match reasons (the matcher's codes in the reader's language), dates, numbers and
money, and the JSON error body. Below the entry points: web, api and mail import it, it imports
none of them.
"""
