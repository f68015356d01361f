"""The school's own CĐS plan for a school year (issue 24): rows drafted from the followed province plans and from the
self-assessment's next steps, edited by the school, tracked on the checklist beside the province's rows, and
issued as an official plan (PDF in the NĐ 30 layout, signed like a report; an editable .docx).

rows.py     the rows and the plan's own fields in the data file (every edit undoable, through Store.write)
draft.py    suggestions: what the province plans and the assessment propose (never written until picked)
tracking.py the plan as checklist items, and the "trong kế hoạch của trường" marks
document.py PlanDocument: everything the exported plan shows, as one value (the PDF and the .docx render it)
pdf.py, word.py, sign.py   the renderers and the signature
"""
