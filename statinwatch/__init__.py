"""statinwatch, the library: landing and readers, export formats, SQL, rules, quality,
reviews, report and the synthetic generator. Assets call it; it imports neither the assets
nor the code location (`pipelines`)."""
