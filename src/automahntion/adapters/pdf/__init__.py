"""Our own dunning letter (for revenue vouchers): HTML with jinja2, PDF with wkhtmltopdf."""

from automahntion.adapters.pdf.layout import LetterLayout
from automahntion.adapters.pdf.wkhtmltopdf import DocumentFailed, WkhtmltopdfRenderer

__all__ = ["DocumentFailed", "LetterLayout", "WkhtmltopdfRenderer"]
