"""The docutils nodes the extension adds, in a module of their own so the role and the report share them."""
from docutils import nodes


class stat_node(nodes.Inline, nodes.TextElement):
    """A statistic in prose, resolved to a link once the builder knows where the appendix page is."""


class verification_report(nodes.General, nodes.Element):
    """Placeholder, replaced by the report once every page has been read."""
