"""django-import-export resources for the flat tables admins bring in through the admin."""

from django.contrib.auth import get_user_model
from import_export import fields, resources, widgets

from partnerships.models import Agency, Membership, Partnership


class AgencyResource(resources.ModelResource):
    partnership = fields.Field(
        attribute="partnership", column_name="partnership", widget=widgets.ForeignKeyWidget(Partnership, "slug")
    )

    class Meta:
        model = Agency
        fields = ["partnership", "name", "short_name", "kind"]
        import_id_fields = ["partnership", "name"]
        skip_unchanged = True
        report_skipped = True


class MembershipResource(resources.ModelResource):
    partnership = fields.Field(
        attribute="partnership", column_name="partnership", widget=widgets.ForeignKeyWidget(Partnership, "slug")
    )
    user = fields.Field(
        attribute="user", column_name="username", widget=widgets.ForeignKeyWidget(get_user_model(), "username")
    )

    class Meta:
        model = Membership
        fields = ["partnership", "user", "role"]
        import_id_fields = ["partnership", "user"]
        skip_unchanged = True
