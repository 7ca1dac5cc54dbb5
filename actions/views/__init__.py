"""Pages of the action plan, one module per concern: dashboard, plan, action, rounds, strategy.

Every view is decorated @require_GET / @require_POST / @require_http_methods (outermost), then
@partnership_view: a page of the partnership as a whole names its permission there; a page about
one object names it once, through the object's helper in partnerships.permissions."""
