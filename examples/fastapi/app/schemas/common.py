def reject_surrounding_whitespace(v: str) -> str:
    if v.strip() != v:
        raise ValueError("Name cannot have leading/trailing spaces")
    return v
