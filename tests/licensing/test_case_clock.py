"""The case clock: working days from the first submission, counted with the managed holiday
calendar (Serbia's, seeded), stopped while the applicant owes an answer, per step and
against targets; and the daily reminder, once per breach."""

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.utils import timezone

from licensing import case_clock
from licensing.models import AuditAction, AuditEvent, ClockReminder, OutboxMessage, PublicHoliday
from licensing.services import assignment, clock, notes, notifications, requests
from licensing.services.calendar import seed_public_holidays
from licensing.working_days import add_working_days, holidays, working_days_between
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def serbian_calendar(db):
    """Migration 0009 seeds the calendar; a transactional test elsewhere may have emptied
    the database since, so seed it again (it keeps what is there)."""
    seed_public_holidays(actor=None, years=(2026, 2027, 2028), country="RS")


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_serbias_holidays_2026_to_2028_are_in_the_calendar_orthodox_easter_and_christmas_too():
    days = holidays(date(2026, 1, 1), date(2028, 12, 31))
    assert date(2026, 1, 7) in days                    # Orthodox Christmas
    assert {date(2026, 4, 10), date(2026, 4, 13)} <= days   # Orthodox Good Friday, Easter Monday
    assert {date(2027, 4, 30), date(2027, 5, 3)} <= days
    assert {date(2028, 4, 14), date(2028, 4, 17)} <= days
    assert date(2026, 2, 17) in days                   # Statehood Day observed (15th a Sunday)
    assert date(2026, 4, 14) not in days


def test_the_clock_skips_weekends_and_the_orthodox_easter_week_holidays():
    # Thursday 9 April 2026 to Thursday 16 April: Good Friday and Easter Monday are off,
    # as is the weekend between: Tue 14, Wed 15, Thu 16 count.
    assert case_clock.elapsed_working_days(date(2026, 4, 9), date(2026, 4, 16)) == 3
    assert working_days_between(date(2026, 4, 9), date(2026, 4, 16)) == 3
    # New Year and Orthodox Christmas 2027: Thu 31 Dec 2026 to Fri 8 Jan 2027.
    assert case_clock.elapsed_working_days(date(2026, 12, 31), date(2027, 1, 8)) == 4
    assert add_working_days(date(2026, 4, 9), 1) == date(2026, 4, 14)


def test_a_holiday_added_in_the_calendar_counts_at_once():
    before = case_clock.elapsed_working_days(date(2026, 6, 1), date(2026, 6, 5))
    PublicHoliday.objects.create(day=date(2026, 6, 3), name="Test day")
    assert case_clock.elapsed_working_days(date(2026, 6, 1), date(2026, 6, 5)) == before - 1


def test_stopped_periods_do_not_count():
    # Mon 1 June to Fri 12 June 2026: 9 working days after the 1st; stopped from Wed 3
    # (sent back) to Mon 8 (answered): Thu 4, Fri 5 and Mon 8 do not count.
    stopped = [(date(2026, 6, 3), date(2026, 6, 8))]
    assert case_clock.elapsed_working_days(date(2026, 6, 1), date(2026, 6, 12)) == 9
    assert case_clock.elapsed_working_days(date(2026, 6, 1), date(2026, 6, 12), stopped) == 6
    # Still stopped: nothing counts after the stop.
    assert case_clock.elapsed_working_days(date(2026, 6, 1), date(2026, 6, 12),
                                           [(date(2026, 6, 3), None)]) == 2


def _submitted_on(day: date, **kwargs):
    shipment_request = factories.submitted_request(**kwargs)
    type(shipment_request).objects.filter(pk=shipment_request.pk).update(
        submitted_at=at(day), last_submitted_at=at(day))
    shipment_request.screening_runs.update(finished_at=at(day, 11), queued_at=at(day))
    shipment_request.refresh_from_db()
    return shipment_request


def test_a_resubmitted_case_keeps_its_first_submission_and_the_send_back_stops_the_clock():
    shipment_request = _submitted_on(date(2026, 6, 1))
    requests.request_changes(actor=factories.OfficerFactory(), request=shipment_request,
                             message="Add the consignee's address.")
    shipment_request.send_backs.update(sent_at=at(date(2026, 6, 3)))
    requests.submit_request(actor=shipment_request.created_by, request=shipment_request)
    shipment_request.send_backs.update(answered_at=at(date(2026, 6, 8)))
    shipment_request.refresh_from_db()
    assert shipment_request.submitted_at == at(date(2026, 6, 1))
    assert shipment_request.submissions.count() == 2
    clock_ = case_clock.clock_for(shipment_request, today=date(2026, 6, 12))
    assert clock_.overall.working_days == 6
    assert not clock_.stopped


def test_a_request_for_information_stops_the_clock_until_answered():
    shipment_request = _submitted_on(date(2026, 6, 1))
    asked = notes.ask_applicant(actor=factories.OfficerFactory(), request=shipment_request,
                                question="Who transports the goods?")
    type(asked).objects.filter(pk=asked.pk).update(asked_at=at(date(2026, 6, 3)))
    assert case_clock.clock_for(shipment_request, today=date(2026, 6, 12)).stopped
    assert case_clock.clock_for(shipment_request,
                                today=date(2026, 6, 12)).overall.working_days == 2
    notes.answer_information_request(actor=shipment_request.created_by,
                                     information_request=asked, answer="Jadran Cargo.")
    type(asked).objects.filter(pk=asked.pk).update(answered_at=at(date(2026, 6, 8)))
    clock_ = case_clock.clock_for(shipment_request, today=date(2026, 6, 12))
    assert not clock_.stopped
    assert clock_.overall.working_days == 6


def test_steps_are_counted_against_their_targets(settings):
    shipment_request = _submitted_on(date(2026, 6, 1))
    clock_ = case_clock.clock_for(shipment_request, today=date(2026, 6, 19))
    assert [s.name for s in clock_.steps] == ["screening", "officer"]
    screening, officer = clock_.steps
    assert (screening.working_days, screening.running) == (0, False)
    assert officer.running and officer.working_days == 14
    assert officer.target == settings.CLOCK_TARGETS["officer"] and officer.breached
    assert clock_.overall.working_days == 14 and not clock_.overall.breached
    assert clock_.overall.due_on == date(2026, 6, 29)
    assert [s.name for s in clock_.breaches] == ["officer"]


def test_a_reminder_is_sent_once_per_breach_to_whoever_holds_the_case():
    officer = factories.OfficerFactory()
    shipment_request = _submitted_on(date(2026, 6, 1))
    assignment.assign_case(actor=officer, request=shipment_request, officer=officer)
    assert clock.send_clock_reminders(today=date(2026, 6, 5)) == 0
    assert clock.send_clock_reminders(today=date(2026, 6, 19)) == 1
    assert clock.send_clock_reminders(today=date(2026, 6, 19)) == 0
    assert clock.send_clock_reminders(today=date(2026, 6, 22)) == 0
    reminder = ClockReminder.objects.get()
    assert (reminder.step, reminder.recipient, reminder.working_days) == ("officer", officer, 14)
    assert list(clock.reminders_for(officer)) == [reminder]
    assert AuditEvent.objects.filter(action=AuditAction.CASE_CLOCK_BREACHED).count() == 1
    # The email, once, to the holder (the outbox owes exactly one).
    owed = [m for m in OutboxMessage.objects.all()
            if m.args and isinstance(m.args[0], dict)
            and m.args[0].get("kind") == "case.clock_breached"]
    assert len(owed) == 1
    assert notifications.send_notification(owed[0].args[0]) == 1
    assert mail.outbox[-1].to == [officer.email]
    assert "14 working days against 12" in mail.outbox[-1].body
    # Past the overall target later: a second, different breach.
    assert clock.send_clock_reminders(today=date(2026, 7, 1)) == 1
    assert ClockReminder.objects.filter(step="overall").count() == 1


def test_dismissed_reminders_leave_the_home_page():
    officer = factories.OfficerFactory()
    shipment_request = _submitted_on(date(2026, 6, 1))
    assignment.assign_case(actor=officer, request=shipment_request, officer=officer)
    clock.send_clock_reminders(today=date(2026, 6, 19))
    reminder = ClockReminder.objects.get()
    clock.dismiss_reminder(actor=factories.OfficerFactory(), reminder_id=reminder.pk)
    assert list(clock.reminders_for(officer)) == [reminder]   # not another's to dismiss
    clock.dismiss_reminder(actor=officer, reminder_id=reminder.pk)
    assert list(clock.reminders_for(officer)) == []


def test_each_referral_is_a_step_and_a_bodys_question_stops_the_case_clock():
    from licensing.models import EndUserVerification, Referral
    from licensing.services import consultation

    shipment_request = _submitted_on(date(2026, 6, 1))
    officer = factories.OfficerFactory()
    requests.verify_end_user(actor=officer, request=shipment_request, channel="embassy",
                             reference="Note 1", verified_on=date(2026, 6, 1))
    EndUserVerification.objects.filter(request=shipment_request).update(
        recorded_at=at(date(2026, 6, 2)))
    referrals = Referral.objects.filter(request=shipment_request)
    referrals.update(referred_at=at(date(2026, 6, 2)))
    defence = referrals.get(body__code="defence")
    question = consultation.ask_question(actor=factories.reviewer_of(defence.body),
                                         referral=defence, text="Earlier deliveries?",
                                         today=date(2026, 6, 3))
    type(question).objects.filter(pk=question.pk).update(asked_at=at(date(2026, 6, 3)))

    clock_ = case_clock.clock_for(shipment_request, today=date(2026, 6, 10))
    assert clock_.stopped  # the officer owes the body an answer
    steps = {s.label: s for s in clock_.steps}
    assert {"Consultation: Ministry of Defence", "Consultation: Ministry of the Interior"
            } <= set(steps)
    interior = steps["Consultation: Ministry of the Interior"]
    assert interior.running and interior.working_days == 6 and interior.target == 15
    # Stopped from the 3rd: the defence step and the overall count stand at one day.
    assert steps["Consultation: Ministry of Defence"].working_days == 1
    assert clock_.overall.working_days == 2

    consultation.answer_question(actor=officer, question=question, answer="None.",
                                 today=date(2026, 6, 8))
    type(question).objects.filter(pk=question.pk).update(answered_on=date(2026, 6, 8))
    factories.give_advice(defence)
    type(defence.advice).objects.filter(referral=defence).update(
        submitted_at=at(date(2026, 6, 9)))
    clock_ = case_clock.clock_for(shipment_request, today=date(2026, 6, 10))
    assert not clock_.stopped
    steps = {s.label: s for s in clock_.steps}
    defence_step = steps["Consultation: Ministry of Defence"]
    assert not defence_step.running and defence_step.working_days == 2  # the 3rd and the 9th
    assert clock_.overall.working_days == 4
