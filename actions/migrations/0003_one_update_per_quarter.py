from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0002_keep_one_update_per_quarter'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.UniqueConstraint(fields=('action', 'year_start', 'quarter'), name='update_one_per_quarter'),
        ),
    ]
