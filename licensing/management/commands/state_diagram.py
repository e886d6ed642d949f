from django.core.management.base import BaseCommand

from licensing.workflow.diagram import readme_diagrams


class Command(BaseCommand):
    help = "Print the request and licence state diagrams (Mermaid), drawn from the FSM."

    def handle(self, *args, **options):
        self.stdout.write(readme_diagrams())
