"""Authority mode (UBND xã/phường, Sở): the roster of managed schools, the inbox of received report files,
the roll-up, requests for changes, external assessments. Qt-free; each concern in its own small module."""
