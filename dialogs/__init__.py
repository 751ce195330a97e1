"""The consultation itself: questions, parsing, the dialog machine, the calculation, the texts.

Pure and synchronous: nothing here knows Telegram, a database or the clock.
"""

from dialogs.coverage import CoverageInput, CoverageResult, calculate

__all__ = ["CoverageInput", "CoverageResult", "calculate"]
