"""SQLAlchemy models. Queries live in riskapp.data; views use the objects it returns."""

from riskapp.models.audit import AuditEvent, AuditPending, AuditSeal
from riskapp.models.base import Base
from riskapp.models.chronology import Incident, MissingEpisode, PlanReview, ProfessionalNote
from riskapp.models.meetings import (
    MeetingAction,
    MeetingYoungPerson,
    ReportCache,
    StrategyMeeting,
    meeting_young_person,
)
from riskapp.models.organisations import Agency, LocalAuthority
from riskapp.models.packs import PanelPack, PanelPackSection
from riskapp.models.risk import (
    AgencyViewSettlement,
    BandDecision,
    BandOverride,
    IndicatorResolution,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
)
from riskapp.models.screenings import QuestionnaireDefinition, Screening, ScreeningAnswer
from riskapp.models.submissions import FormSubmission
from riskapp.models.transfers import Transfer
from riskapp.models.users import SignInThrottle, User, UserSession, user_authority
from riskapp.models.young_people import ProfessionalInvolvement, YoungPerson

__all__ = [
    "PanelPack",
    "PanelPackSection",
    "ReportCache",
    "MeetingAction",
    "MeetingYoungPerson",
    "StrategyMeeting",
    "meeting_young_person",
    "AgencyViewSettlement",
    "BandDecision",
    "BandOverride",
    "Incident",
    "IndicatorResolution",
    "MissingEpisode",
    "PlanReview",
    "ProfessionalNote",
    "RiskResult",
    "RiskResultAgency",
    "RiskResultFlag",
    "AuditEvent",
    "AuditPending",
    "AuditSeal",
    "Agency",
    "Base",
    "FormSubmission",
    "LocalAuthority",
    "ProfessionalInvolvement",
    "QuestionnaireDefinition",
    "Screening",
    "ScreeningAnswer",
    "SignInThrottle",
    "Transfer",
    "User",
    "UserSession",
    "YoungPerson",
    "user_authority",
]
