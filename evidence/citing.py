"""How to cite the book, a chapter and a statistic: one wording, used on every page that shows it."""
from docutils import nodes
from docutils.parsers.rst import Directive

PUBLISHER_NOTE = "Retelling Loeffler (2020), Co-production in Health, Social Care and Public Safety."
NOT_CHAPTERS = {"chapters/data", "chapters/bibliography", "chapters/how-to-cite", "chapters/verification",
                "chapters/changelog", "chapters/performance"}


def book(config):
    return {"title": config.html_title, "version": config.version, "year": config.copyright.split(",")[0].strip(),
            "authors": config.author}


def apa_book(config):
    b = book(config)
    return f"{b['authors']} ({b['year']}). {b['title']} (Version {b['version']}). {PUBLISHER_NOTE}"


def apa_chapter(config, title):
    b = book(config)
    return f"{b['authors']} ({b['year']}). {title}. In {b['title']} (Version {b['version']})."


def apa_statistic(config, stat_id, measure):
    b = book(config)
    return (f"{b['authors']} ({b['year']}). {measure} [Statistic {stat_id}]. In {b['title']} "
            f"(Version {b['version']}), data appendix.")


def bibtex_book(config):
    b = book(config)
    return (f"@book{{evidencebook,\n  author = {{{{{b['authors']}}}}},\n  title = {{{b['title']}}},\n"
            f"  year = {{{b['year']}}},\n  edition = {{Version {b['version']}}},\n  note = {{{PUBLISHER_NOTE}}}\n}}")


def bibtex_statistic(config, stat_id, measure):
    b = book(config)
    return (f"@misc{{{stat_id.replace('-', '_')},\n  author = {{{{{b['authors']}}}}},\n  title = {{{measure}}},\n"
            f"  year = {{{b['year']}}},\n  howpublished = {{{b['title']}, version {b['version']}, data appendix}},\n"
            f"  note = {{Statistic {stat_id}}}\n}}")


def _section(title, *content, ids):
    section = nodes.section(ids=[ids])
    section += nodes.title(text=title)
    section += list(content)
    return section


class HowToCite(Directive):
    """The 'How to cite' page: the book, a chapter, a statistic, in APA and BibTeX, with the current version."""

    def run(self):
        env = self.state.document.settings.env
        config, stats = env.config, env.app.evidence_statistics
        example = stats.iloc[0]
        return [
            _section("The book", nodes.paragraph(text=apa_book(config)),
                     nodes.literal_block(text=bibtex_book(config), language="bibtex"), ids="cite-the-book"),
            _section("A chapter", nodes.paragraph(text="Each chapter ends with its own citation line, for example:"),
                     nodes.paragraph(text=apa_chapter(config, "Health")), ids="cite-a-chapter"),
            _section("A single statistic",
                     nodes.paragraph(text="Cite a statistic by its permanent id, which never changes. For example:"),
                     nodes.paragraph(text=apa_statistic(config, example["id"], example["measure"])),
                     nodes.literal_block(text=bibtex_statistic(config, example["id"], example["measure"]),
                                         language="bibtex"),
                     ids="cite-a-statistic"),
        ]


def add_cite_this_page(app, doctree):
    """End every chapter with how to cite it."""
    docname = app.env.docname
    if not docname.startswith("chapters/") or docname in NOT_CHAPTERS:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    top = next(iter(doctree.findall(nodes.section)))
    top += _section("Cite this page", nodes.paragraph(text=apa_chapter(app.config, title.astext())),
                    ids="cite-this-page")
