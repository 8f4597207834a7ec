"""The incubation base (pillar 牌): spaces, admission, residencies, mentoring, trainings,
exchange visits, the support ledger and evaluations."""

from .admissions import (  # noqa: F401
    Application,
    ApplicationAttachment,
    ApplicationQuerySet,
    AttachmentQuerySet,
    Batch,
    Criterion,
    CriterionQuerySet,
    Review,
    ReviewQuerySet,
    Score,
)
from .base import (  # noqa: F401
    KEY_TARGET_THRESHOLD,
    ORG_DIVISION,
    DivisionScopedQuerySet,
    OrganizationScopedQuerySet,
)
from .mentoring import (  # noqa: F401
    Attendance,
    AttendanceQuerySet,
    ExchangeVisit,
    ExchangeVisitQuerySet,
    Mentor,
    MentoringSession,
    MentoringSessionQuerySet,
    TeamMember,
    TeamMemberQuerySet,
    TeamRole,
    Training,
    TrainingQuerySet,
)
from .residencies import (  # noqa: F401
    SCORE_BOUNDS,
    Brand,
    BrandQuerySet,
    Evaluation,
    EvaluationQuerySet,
    Occupancy,
    OccupancyQuerySet,
    Residency,
    ResidencyQuerySet,
)
from .sites import (  # noqa: F401
    Site,
    Space,
    SpaceQuerySet,
)
from .support import (  # noqa: F401
    Budget,
    SupportEntry,
    SupportEntryQuerySet,
)
