from enum import StrEnum

class Hold(StrEnum):
    ALREADY_SENT_TODAY = "already_sent_today"
    BLOCKED = "blocked"
    CLOSED = "closed"
    DUNNING_OFF = "dunning_off"
    FINISHED = "finished"
    HANDED_OVER = "handed_over"
    MIN_GAP = "min_gap"
    NOTHING_OPEN = "nothing_open"
    NOT_ADMITTED = "not_admitted"
    NOT_A_SENDING_DAY = "not_a_sending_day"
    NOT_OVERDUE = "not_overdue"
    NOT_YET_DUE = "not_yet_due"
    PAUSED = "paused"
    PAYMENT_IN_PROGRESS = "payment_in_progress"

    def __str__(self) -> str:
        return str(self.value)
