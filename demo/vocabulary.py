"""Words the demo content is built from. Topic names are a common legal vocabulary."""

TOPICS = [
    "Access to justice",
    "Article 2",
    "Article 3",
    "Article 5",
    "Article 6",
    "Article 8",
    "Article 10",
    "Article 14",
    "Assisted suicide",
    "Asylum",
    "Bill of Rights",
    "Brexit",
    "Care homes",
    "Child protection",
    "Children's rights",
    "Civil liberties",
    "Climate change",
    "Clinical negligence",
    "Closed material procedure",
    "Common law",
    "Confidentiality",
    "Consent",
    "Constitution",
    "Contempt of court",
    "Coronavirus",
    "Costs",
    "Court of Protection",
    "Criminal law",
    "Damages",
    "Data protection",
    "Defamation",
    "Deportation",
    "Deprivation of liberty",
    "Detention",
    "Disability",
    "Disclosure",
    "Discrimination",
    "Domestic violence",
    "Duty of care",
    "Education",
    "Employment",
    "Environment",
    "Equality Act 2010",
    "EU law",
    "European Convention on Human Rights",
    "European Court of Human Rights",
    "Evidence",
    "Extradition",
    "Facial recognition",
    "Family",
    "Freedom of assembly",
    "Freedom of expression",
    "Freedom of information",
    "Gender",
    "Health",
    "Housing",
    "Human Rights Act",
    "Immigration",
    "Inquests",
    "Injunctions",
    "International law",
    "Judicial review",
    "Jury trial",
    "Legal aid",
    "Libel",
    "Local authorities",
    "Marriage",
    "Media",
    "Mental capacity",
    "Mental health",
    "Military",
    "Modern slavery",
    "Nationality",
    "National security",
    "NHS",
    "Northern Ireland",
    "Planning",
    "Police",
    "Prisons",
    "Privacy",
    "Proportionality",
    "Protest",
    "Public inquiries",
    "Refugees",
    "Religion",
    "Right to die",
    "Scotland",
    "Social media",
    "Statelessness",
    "Stop and search",
    "Supreme Court",
    "Surveillance",
    "Terrorism",
    "Torture",
    "Tort",
    "Universal credit",
    "Wales",
    "War crimes",
    "Welfare",
    "Whistleblowing",
    "Artificial intelligence",
]

AUTHORS = [
    ("Eleanor Whitcombe", "Barrister", "Practises in public law and inquests."),
    ("Daniel Osei", "Barrister", "Acts for claimants and public bodies in judicial review."),
    ("Priya Raman", "Commissioning editor", "Edits the blog and writes on privacy and data."),
    ("Hugh Carrow KC", "King's Counsel", "Specialises in environmental and planning law."),
    ("Maeve Lennox", "Pupil barrister", "Writes the weekly round-up of decisions."),
    ("Tomasz Wierzbicki", "Barrister", "Practises in clinical negligence and health law."),
    ("Ruth Adeyemi", "Guest contributor", "Researches immigration detention."),
]

COURTS = [
    "the Supreme Court",
    "the Court of Appeal",
    "the High Court",
    "the Upper Tribunal",
    "the European Court of Human Rights",
    "the Administrative Court",
    "the Court of Protection",
]

PARTIES = [
    "R (Harlow) v Secretary of State",
    "Nwosu v Metropolitan Police Commissioner",
    "A Local Authority v JB",
    "Pemberton v Northfield NHS Trust",
    "In re the Kestrel Children",
    "R (Ashdown Residents) v Wealden Council",
    "Fairclough v United Kingdom",
    "Okafor v Home Office",
    "R (Friends of the Marsh) v Environment Agency",
    "Delacroix v Chief Constable of Avon",
    "Brannigan v Ministry of Justice",
]

TITLE_PATTERNS = [
    "{court_cap} rules on {topic_lower} in {case}",
    "What {case} means for {topic_lower}",
    "{topic}: a turning point in {case}?",
    "Weekly round-up: {topic_lower}, appeals and a new inquiry",
    "{topic} and the limits of state power",
    "Why {case} matters for {topic_lower}",
    "Case comment: {case}",
    "{topic} after {case}",
]

OPENINGS = [
    "Few areas of public law have moved as quickly in recent years as {topic_lower}, and the "
    "decision of {court} in {case} is the latest step.",
    "Judgment was handed down this week in {case}, and it deserves more attention than it has "
    "received so far.",
    "{court_cap} has again been asked to draw the line between individual rights and the wider "
    "public interest, this time in the context of {topic_lower}.",
]

SENTENCES = [
    "The claimant argued that the decision was disproportionate and that less intrusive "
    "measures had never been properly considered.",
    "The public authority's answer was that it had a wide margin of judgment in an area of "
    "social and economic policy.",
    "Counsel for the intervener reminded the court that the Convention is a living instrument, "
    "not a snapshot of the values of 1950.",
    "At first instance the judge accepted that the interference was in accordance with the law "
    "but doubted whether it pursued a legitimate aim.",
    "On appeal, the court took a different view of the evidence and found the policy lawful.",
    "The majority emphasised that courts should be slow to second-guess decisions of elected "
    "bodies on questions of resource allocation.",
    "The dissenting judgment is shorter but, in places, more persuasive.",
    "It is worth pausing on the procedural history, because it explains much of what follows.",
    "The case was argued on the basis of the duty to give reasons, as well as the substantive "
    "rights in issue.",
    "Practitioners will want to read the passages on remedy carefully, since damages were "
    "refused despite the finding of a breach.",
    "Nothing in the judgment suggests that the earlier authorities were wrongly decided; they "
    "were simply distinguished on their facts.",
    "The court was careful to confine itself to the question actually before it.",
    "Parliament may yet return to the issue, and the government has promised a consultation.",
    "The decision also raises questions about how far a regulator must consult before it acts.",
    "Several charities intervened, and their written submissions are worth reading in full.",
    "The tension between open justice and the protection of vulnerable parties ran through the "
    "whole hearing.",
    "For now, the position is that each case will turn on a fact-sensitive assessment.",
    "A further appeal has been sought, so this may not be the last word.",
    "Those advising public bodies should review their policies in the light of this guidance.",
    "The judgment runs to more than a hundred paragraphs, but its core reasoning is compact.",
]

HEADINGS = [
    "The background",
    "The arguments",
    "The decision",
    "Analysis",
    "What happens next",
    "The dissent",
    "Wider implications",
    "A note on remedies",
]

QUOTES = [
    (
        "The question is not whether the measure was wise, but whether it was lawful.",
        "Lady Justice Farrant",
    ),
    ("Rights that cannot be enforced in practice are not rights at all.", "Lord Kettering"),
    (
        "The court must look at the substance of the interference, not the label attached to it.",
        "Mr Justice Hollins",
    ),
    ("Openness is the rule; secrecy needs a reason that can be stated.", "Lord Justice Amberley"),
]

IMAGE_SUBJECTS = [
    ("Courtroom benches in morning light", "Rows of empty wooden benches lit from a high window"),
    ("Stack of case files", "Bundles of legal papers tied with red ribbon on a desk"),
    ("Scales of justice", "A simple drawing of balanced scales on a blue background"),
    ("Parliament at dusk", "An abstract skyline of towers against an orange evening sky"),
    ("Library shelves", "Tall shelves of bound law reports receding into shadow"),
    ("Protest banners", "Coloured banners held above a crowd in a city square"),
    ("Hospital corridor", "A long pale corridor with doors on either side"),
    ("Coastal marshland", "Flat green marsh under a wide grey sky"),
]
