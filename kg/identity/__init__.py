"""Identity: normalised names, identifiers and dates, minting keys, and stable IRIs; imports: kg.model, kg.errors."""
