from engnest.projects.models.project import JoinRequest, ProjectMember, ProjectTask, TeamProject

__all__ = ["JoinRequest", "ProjectMember", "ProjectTask", "TeamProject"]
