from engnest.calls.models.call import Call, CallParticipant

__all__ = ["Call", "CallParticipant"]
