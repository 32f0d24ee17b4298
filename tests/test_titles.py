"""Every page has its own browser tab title, "Page · ITIL 4 Foundation"; Learn names the construct and scenario."""

from pages.ui.titles import tab_title

PAGES = ["pages/home.py", "pages/learn.py", "pages/diagram.py", "pages/glossary.py", "pages/practice.py",
         "pages/review.py", "pages/exam.py", "pages/progress.py", "pages/present.py", "pages/bank_health.py",
         "pages/learners.py", "pages/authoring.py", "pages/classroom.py"]


def test_tab_title_puts_the_app_name_last_and_skips_empty_parts():
    assert tab_title("Practice") == "Practice · ITIL 4 Foundation"
    assert tab_title("Service offering (bank)", "", "Learn") == "Service offering (bank) · Learn · ITIL 4 Foundation"


def test_every_page_has_a_distinct_title(new_app):
    at = new_app(trainer=True)
    titles = {}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        titles[page] = at.session_state["page.title"]
    assert len(set(titles.values())) == len(PAGES), titles
    assert all(title.endswith(" · ITIL 4 Foundation") for title in titles.values()), titles
    assert titles["pages/practice.py"] == "Practice · ITIL 4 Foundation"


def test_learn_titles_name_the_construct_and_the_scenario(new_app):
    at = new_app("pages/learn.py", construct="service-offering", scenario="real-estate")
    assert at.session_state["page.title"] == "Service offering (real estate) · Learn · ITIL 4 Foundation"
    at = new_app("pages/learn.py", construct="service-offering")
    assert at.session_state["page.title"] == "Service offering (bank) · Learn · ITIL 4 Foundation"
    at = new_app("pages/learn.py")
    assert at.session_state["page.title"] == "Overview · Learn · ITIL 4 Foundation"
