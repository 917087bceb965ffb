"""The business rules, one package per capability: the only door into the domain.

Every function takes a Session and the acting user, checks permission and returns plain data.
A package's __init__ says what it owns and exports (__all__) what other packages may use; its
inner modules are private to it (tests may import them).

Top-level modules (used by everyone):
  rate_limits.py     how often something may happen per key and window (counted exactly)
  access.py          who is acting (Actor) and the role and ownership checks
  admin_roles.py     the platform staff's sub-roles and their permissions (require_admin)
  geo.py             distances: the geodesic, fast, and cheap bounds around it
  audit.py           the audit log of admin and security-relevant actions
  notifications.py   notifications to users: a catalogue key plus parameters
  photos.py          photos uploaded with a record: checked, stored, discarded on failure
  upload_limits.py   how many files and bytes one user may upload per hour, on every path
  sources.py         where a visitor or a booking came from (用户来源), as one short code
Packages:
  auth/          sign-up, log-in, sessions, passwords, phone numbers
  certificates/  certificate types, details and verification; a category's required
                 certificate as the one qualification rule discovery, dispatch and booking apply
  ledger/        the money ledger of orders, technician income
  membership/    member levels and growth, the points ledger (earn, spend soonest-expiring
                 first, expiry, give back), daily check-in, gifts
  pricing/       the one price calculation: technician price, member price, promotions, one
                 coupon, points; discount lines on orders, coupons used once and given back
  orders/        state machine, customer view, technician jobs and progress, messages,
                 privacy (who sees a phone number or an address, and when)
  availability/  free slots, the availability engine and its data, travel and area rules, locks
  discovery/     home catalogue, technician search, who is free near me
  dispatch/      offers, scoring and ranking, the fast search, moves, the dispatch board
  payments/      checkout, gateway events and their log, refunds and refund events
  booking/       booking a new order, cancel and reschedule (fees, the free-change window)
  feedback/      reviews, complaints, the complaint desk
  technicians/   public profile, own profile and prices, schedule, showcase, training, onboarding
  merchants/     the shop side: staff roles (one permission table), shop information, hours and
                 closures, media, the public shop page, announcements, review replies, applicants,
                 posts and the team
  rota/          the shop's rota: patterns, shifts, overrides, conflicts with booked orders,
                 the demand view
  live_map/      the shop's live map: technicians' status and coarse positions, today's orders
  stats/         the dashboards' figures and the shop's statistics with their xlsx export
  incentives/    the shop's incentive rules and their monthly awards through the ledger
  staff/         the platform's own staff: operators, their sub-roles, the first admin
  shop_applications/  shops applying to join, the platform's decision, commission rates
  catalogue/     categories and services managed by operators, with pictures, published
  tags/          behaviour and manual tags, segments as saved rules
  users/         user management for operators
  recommendations/  猜你喜欢 and its offline evaluation
  settlement/    period statements per shop and independent technician
  mediation/     complaint deadlines, proposals, decisions with money
  alerts/        abnormal-order rules and the alert queue
  safety/        home-visit safety: SOS during a visit, the customer's share-my-visit link
  learning/      courses (lessons, progress, quizzes), course certificates and their public
                 check, assignments and challenges, offline training events
  community/     boards, posts, comments, likes, moderation and the word filter
  backups/       encrypted online backups to local disk and S3, retention, restores and the
                 restore drill (the backups page and `python -m salon_app backup`)
  marketing/     coupon templates and claiming, promotions managed, campaigns (plan, run,
                 monitor, evaluate against a holdout), invitations

Allowed dependency order (ORDER below, enforced by tests/unit/test_import_graph.py): a module
may import from its own package and from anything EARLIER in ORDER, never from a later one; and
there is no import circle between modules anywhere under salon_app/core.
"""

ORDER = (
    "rate_limits",
    "access",
    "admin_roles",
    "geo",
    "audit",
    "notifications",
    "photos",
    "upload_limits",
    "sources",
    "auth",
    "staff",
    "certificates",
    "ledger",
    "membership",
    "pricing",
    "orders",
    "availability",
    "discovery",
    "dispatch",
    "payments",
    "booking",
    "feedback",
    "technicians",
    "merchants",
    "shop_applications",
    "rota",
    "live_map",
    "stats",
    "incentives",
    "catalogue",
    "tags",
    "users",
    "recommendations",
    "settlement",
    "mediation",
    "alerts",
    "safety",
    "marketing",
    "learning",
    "community",
    "backups",
)
