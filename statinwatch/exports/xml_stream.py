"""Reading an XML export as a stream with defusedxml's SAX parser, shared by the readers of
Apple Health export.xml and of TCX / GPX activity files: nothing is built into a tree, and
entity declarations and external references (billion-laughs, XXE) are refused."""

from pathlib import Path
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml.sax import make_parser


class XmlExportError(Exception):
    """The document is not well-formed XML or declares what defusedxml refuses; the message
    is the parser's first line, short enough for a quarantine reason."""


def parse_stream(path: Path, handler: ContentHandler) -> None:
    """Feed the whole file to `handler`; raises XmlExportError on a bad document."""
    parser = make_parser()
    parser.setContentHandler(handler)
    try:
        parser.parse(str(path))
    except (SAXException, ValueError) as error:  # defusedxml's refusals are ValueErrors
        raise XmlExportError(str(error).splitlines()[0][:300]) from error
