"""Real-world exports (FHIR R4, Synthea CSV, wearables) recognised by content, mapped onto the
native streams' landing rows so the native validation, de-duplication and accounting apply."""
