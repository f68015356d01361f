"""Teachers' survey (issue 23): forms out (fillable PDF and workbook, one a teacher), answers back, merged into the
staff list. questions.py (the questions file), rounds.py (what the data file keeps), pdf_form.py / xlsx_form.py
(the two form files), make.py, collect.py (reading and checking returned files), status.py (who returned, what
changed, the reminder list). No Qt here."""
