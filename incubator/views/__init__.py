"""Pages of the incubation base: thin views that pick records through ``visible_to`` and
call the actions."""

from .admissions import (  # noqa: F401
    ApplicationAssignView,
    ApplicationCreateView,
    ApplicationDecideView,
    ApplicationDetailView,
    ApplicationEditView,
    ApplicationListView,
    ApplicationObjectMixin,
    ApplicationRecordView,
    ApplicationRespondView,
    ApplicationSubmitView,
    AttachmentAddView,
    AttachmentView,
    BatchCreateView,
    BatchDetailView,
    BatchListView,
    BatchPublishView,
    ReviewListView,
    ReviewScoreView,
    application_text,
)
from .base import (  # noqa: F401
    DashboardView,
    IncubatorFormView,
    MineView,
)
from .mentoring import (  # noqa: F401
    MentorCreateView,
    MentoringSessionView,
    MentorListView,
    SignInTemplateView,
    TeamMemberView,
    TrainingCreateView,
    TrainingDetailView,
    TrainingFormActionView,
    TrainingListView,
    TrainingSheetImportView,
    TrainingSignInView,
    VisitCreateView,
    VisitListView,
)
from .residencies import (  # noqa: F401
    EvaluationView,
    ExitView,
    GraduateView,
    OccupancyAddView,
    ResidencyDetailView,
    ResidencyListView,
    ResidencyObjectMixin,
    ResidencyStartView,
    TargetListView,
)
from .sites import (  # noqa: F401
    OccupancyView,
    SiteCreateView,
    SiteDetailView,
    SiteListView,
    SiteUpdateView,
    SpaceCreateView,
    SpaceListView,
)
from .support import (  # noqa: F401
    BudgetCreateView,
    SupportListView,
    SupportPostMonthView,
    SupportPostView,
    SupportReverseView,
)
