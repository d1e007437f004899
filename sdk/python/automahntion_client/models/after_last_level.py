from enum import StrEnum

class AfterLastLevel(StrEnum):
    COLLECTION_AGENCY = "collection_agency"
    COURT_PROCEDURE = "court_procedure"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
