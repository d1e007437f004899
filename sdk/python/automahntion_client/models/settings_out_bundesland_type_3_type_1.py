from enum import StrEnum

class SettingsOutBundeslandType3Type1(StrEnum):
    BB = "BB"
    BE = "BE"
    BW = "BW"
    BY = "BY"
    HB = "HB"
    HE = "HE"
    HH = "HH"
    MV = "MV"
    NI = "NI"
    NW = "NW"
    RP = "RP"
    SH = "SH"
    SL = "SL"
    SN = "SN"
    ST = "ST"
    TH = "TH"

    def __str__(self) -> str:
        return str(self.value)
