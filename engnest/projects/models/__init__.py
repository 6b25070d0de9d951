from engnest.projects.models.project import JoinRequest, ProjectMember, ProjectRepo, ProjectSkill, ProjectTask, TeamProject

__all__ = ["JoinRequest", "ProjectMember", "ProjectRepo", "ProjectSkill", "ProjectTask", "TeamProject"]
