"""The book's machinery: the ledger of claims, explorers and their kernel-free fallbacks, the figure style, printed bounds, self-check answers.

Imports ``lossland.core`` only; the ledger finds each chapter's claims by name (``lossland.<chapter>.claims``).
"""
