from engnest.projects.models.project import JoinRequest, ProjectMember, ProjectRepo, ProjectTask, TeamProject

__all__ = ["JoinRequest", "ProjectMember", "ProjectRepo", "ProjectTask", "TeamProject"]
