"""views"""

from .base import (  # noqa: F401
    FundsFormView,
    FundsTableMixin,
    _beneficiary,
)
from .beneficiaries import (  # noqa: F401
    BeneficiaryListView,
    ContributionCreateView,
    HouseholdCreateView,
    HouseholdListView,
    MutualAidListView,
    PaidFormView,
    PayoutCreateView,
    StudentCreateView,
    StudentListView,
    _status,
)
from .funds import (  # noqa: F401
    FundDetailView,
    FundFormView,
    FundListView,
)
from .grants import (  # noqa: F401
    DuesCreateView,
    DuesListView,
    GrantDecideView,
    GrantDetailView,
    GrantListView,
    GrantProposeView,
)
from .ledger import (  # noqa: F401
    REVEALABLE,
    RevealView,
    TransactionCreateView,
    TransactionDetailView,
    TransactionEvidenceView,
    TransactionListView,
    TransactionReverseView,
)
from .payouts import (  # noqa: F401
    _DETAIL_MODELS,
    _MASKED_DETAILS,
    PayoutRequestDecideView,
    PayoutRequestDetailView,
    PayoutRequestListView,
    _payout_details,
)
