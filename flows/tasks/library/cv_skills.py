"""The CV and the skills inventory (steps 1 and 2)."""

from __future__ import annotations

from flows.model import ReportKind as R
from flows.model import TaskStep as S
from flows.tasks.library.entry import LibraryTask, entry
from flows.text import N_

TASKS: tuple[LibraryTask, ...] = (
    # 1 CV
    entry(
        "cv_facts",
        S.CV,
        2,
        R.TEXT,
        N_("Collect the facts for your CV"),
        N_("A CV starts with the facts. With them in one place, writing is quick."),
        N_(
            "Write down your jobs: where, what you did, from when to when.\n"
            "Write down your schools and courses, with years.\n"
            "Write down languages you speak and your driving licence.\n"
            "Send the list here as a text."
        ),
    ),
    entry(
        "cv_first",
        S.CV,
        4,
        R.DOCUMENT,
        N_("Write your first CV"),
        N_("Employers read a CV first. Without one you are not called to interviews."),
        N_(
            "Use the facts you collected.\n"
            "Start with your name, phone and e-mail.\n"
            "List your jobs, the latest first.\n"
            "Add schools, courses and languages.\n"
            "Send the CV here as a document."
        ),
    ),
    entry(
        "cv_tailor",
        S.CV,
        2,
        R.DOCUMENT,
        N_("Tailor your CV to one job"),
        N_("A CV that matches the advert gets read. One CV for all jobs often does not."),
        N_(
            "Pick one job advert.\n"
            "Underline the words the employer uses.\n"
            "Use the same words in your CV where they are true.\n"
            "Put the most fitting experience first.\n"
            "Send the new CV here as a document."
        ),
    ),
    entry(
        "cv_references",
        S.CV,
        1,
        R.TEXT,
        N_("Ask two people to be your references"),
        N_("Employers often call a former boss or teacher. Ask first, so they are ready."),
        N_(
            "Think of two people who know your work or studies.\n"
            "Call or write to them and ask if they want to be references.\n"
            "Check their phone numbers.\n"
            "Send their names and how they know you here."
        ),
    ),
    entry(
        "cv_check",
        S.CV,
        0.5,
        R.DONE,
        N_("Check your CV with a friend"),
        N_("Another person finds mistakes that you do not see."),
        N_(
            "Give your CV to a friend or family member.\n"
            "Ask them to mark what is unclear or wrong.\n"
            "Fix what they found.\n"
            "Press Done when you have fixed it."
        ),
    ),
    # 2 Skills inventory
    entry(
        "skills_list",
        S.SKILLS,
        2,
        R.TEXT,
        N_("Make a list of what you can do"),
        N_("You can do more than you think. The list helps you in the CV and at interviews."),
        N_(
            "Write ten things you can do, at work or at home.\n"
            "For example: cook for many, drive a truck, fix a bike.\n"
            "Mark the three you are best at.\n"
            "Send the list here."
        ),
    ),
    entry(
        "skills_jobs_before",
        S.SKILLS,
        1.5,
        R.TEXT,
        N_("Describe a job you had"),
        N_("Describing what you did shows the skills you used."),
        N_(
            "Pick one job you had, in Sweden or another country.\n"
            "Write what you did on a normal day.\n"
            "Write what you were responsible for.\n"
            "Send the text here."
        ),
    ),
    entry(
        "skills_strengths",
        S.SKILLS,
        1,
        R.TEXT,
        N_("Ask someone about your strengths"),
        N_("Others often see our strengths better than we do."),
        N_(
            "Ask a friend, a neighbour or a former colleague.\n"
            "Ask: what am I good at?\n"
            "Write down three things they said.\n"
            "Send them here."
        ),
    ),
    entry(
        "skills_education",
        S.SKILLS,
        2,
        R.TEXT,
        N_("Find out how your education counts in Sweden"),
        N_(
            "An education from another country can count in Sweden. "
            "Then more jobs are open to you."
        ),
        N_(
            "Write down your education and where you took it.\n"
            "Look on uhr.se for how to get it assessed.\n"
            "Write what you need to send in.\n"
            "Send what you found here."
        ),
    ),
    entry(
        "skills_languages",
        S.SKILLS,
        0.5,
        R.TEXT,
        N_("Write down your languages"),
        N_("Languages are skills that employers look for."),
        N_(
            "Write every language you speak.\n"
            "For each one, write: a little, good, or very good.\n"
            "Send the list here."
        ),
    ),
    entry(
        "skills_digital",
        S.SKILLS,
        1,
        R.DONE,
        N_("Test your computer skills"),
        N_("Most jobs need some computer skills. Knowing your level shows what to learn."),
        N_(
            "Open a free online test of digital skills, or ask your coach for one.\n"
            "Do the test.\n"
            "Write down what you want to learn more about.\n"
            "Press Done."
        ),
    ),
    entry(
        "skills_dream_job",
        S.SKILLS,
        1,
        R.TEXT,
        N_("Describe the job you want"),
        N_("A clear goal helps you and your coach choose the next steps."),
        N_(
            "Write which job you want in one year.\n"
            "Write why you want it.\n"
            "Write what you need to get there.\n"
            "Send the text here."
        ),
    ),
    entry(
        "skills_certificates",
        S.SKILLS,
        1,
        R.PHOTO,
        N_("Take photos of your certificates"),
        N_("Certificates prove what you have done. With photos they are easy to send."),
        N_(
            "Find your certificates, diplomas and references.\n"
            "Take a clear photo of each one.\n"
            "Send one photo here.\n"
            "Keep the others on your phone."
        ),
    ),
)
