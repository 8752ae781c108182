"""The extractor's stages, in the order the orchestrator (``events.extraction.pipeline``) runs them:

normalise → mentions → segment (sentences, headings, triggers) → read (frames → discourse →
incidents, sentence by sentence) → finish (background, retellings, completion) → render (typing,
confidence, the contract's event shape).
"""
