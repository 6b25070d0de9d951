from engnest.api.models.api_token import ApiToken

__all__ = ["ApiToken"]
