"""The closing chapter, five papers on one landscape: ``running`` (the running example through each chapter's functions), ``figures`` (its figure and explorer), ``claims``, ``selfcheck``.

It imports the five chapter packages; none of them imports it.
"""
