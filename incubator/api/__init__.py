"""Serializers and viewsets of /api/v1/ for the incubation base: the same queries and
actions as the pages."""

from .admissions import (  # noqa: F401
    ApplicationSerializer,
    ApplicationViewSet,
    BatchSerializer,
    BatchViewSet,
    CriterionSerializer,
    DecisionSerializer,
)
from .mentoring import (  # noqa: F401
    AttendanceSerializer,
    ExchangeVisitSerializer,
    ExchangeVisitViewSet,
    MentorSerializer,
    MentorViewSet,
    TeamRoleSerializer,
    TeamRoleViewSet,
    TrainingSerializer,
    TrainingViewSet,
)
from .residencies import (  # noqa: F401
    ExitSerializer,
    GraduateSerializer,
    MentoringSessionSerializer,
    OccupancySerializer,
    ResidencySerializer,
    ResidencyStartSerializer,
    ResidencyViewSet,
    TeamMemberSerializer,
    TeamPlaceSerializer,
)
from .routes import (  # noqa: F401
    register,
)
from .sites import (  # noqa: F401
    SiteSerializer,
    SiteViewSet,
    SpaceSerializer,
    SpaceViewSet,
    SpaceWriteSerializer,
    _SpaceCreate,
)
from .support import (  # noqa: F401
    SupportEntrySerializer,
    SupportEntryViewSet,
    SupportReverseSerializer,
)
