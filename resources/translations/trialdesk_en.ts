<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AlertsPage</name>
    <message numerus="yes">
        <source>%n item(s) as of {0}</source>
        <translation>
            <numerusform>%n item as of {0}</numerusform>
            <numerusform>%n items as of {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Records match the audit trail (%n patient(s) replayed).</source>
        <translation>
            <numerusform>Records match the audit trail (%n patient replayed).</numerusform>
            <numerusform>Records match the audit trail (%n patients replayed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) differ from the audit trail.</source>
        <translation>
            <numerusform>%n record differs from the audit trail.</numerusform>
            <numerusform>%n records differ from the audit trail.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) written to {0}</source>
        <translation>
            <numerusform>%n entry written to {0}</numerusform>
            <numerusform>%n entries written to {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupStatus</name>
    <message numerus="yes">
        <source>⚠ Last backup: {0}, over %n day(s) ago</source>
        <translation>
            <numerusform>⚠ Last backup: {0}, over %n day ago</numerusform>
            <numerusform>⚠ Last backup: {0}, over %n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message numerus="yes">
        <source>Backed up: {0} (%n patient(s), checked)</source>
        <translation>
            <numerusform>Backed up: {0} (%n patient, checked)</numerusform>
            <numerusform>Backed up: {0} (%n patients, checked)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the backup of {0} ({1}: %n patient(s)); the registry as it is now is kept aside, and everything entered since that backup is no longer shown</source>
        <translation>
            <numerusform>the backup of {0} ({1}: %n patient); the registry as it is now is kept aside, and everything entered since that backup is no longer shown</numerusform>
            <numerusform>the backup of {0} ({1}: %n patients); the registry as it is now is kept aside, and everything entered since that backup is no longer shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message numerus="yes">
        <source>%n row(s) or record(s) will be imported.</source>
        <translation>
            <numerusform>%n row or record will be imported.</numerusform>
            <numerusform>%n rows or records will be imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message numerus="yes">
        <source>%n screening(s): </source>
        <translation>
            <numerusform>%n screening: </numerusform>
            <numerusform>%n screenings: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s)</source>
        <translation>
            <numerusform>Printed %n page</numerusform>
            <numerusform>Printed %n pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>{0}: imported %n patient(s)</source>
        <translation>
            <numerusform>{0}: imported %n patient</numerusform>
            <numerusform>{0}: imported %n patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: imported %n result(s) or other item(s)</source>
        <translation>
            <numerusform>{0}: imported %n result or other item</numerusform>
            <numerusform>{0}: imported %n results or other items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the registry, skipped</source>
        <translation>
            <numerusform>%n already in the registry, skipped</numerusform>
            <numerusform>%n already in the registry, skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: rejected, nothing imported (%n problem(s)):</source>
        <translation>
            <numerusform>{0}: rejected, nothing imported (%n problem):</numerusform>
            <numerusform>{0}: rejected, nothing imported (%n problems):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) imported</source>
        <translation>
            <numerusform>%n file imported</numerusform>
            <numerusform>%n files imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n rejected</numerusform>
            <numerusform>%n rejected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapDialog</name>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PatientPage</name>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not saved: the record has %n problem(s), shown in red. Nothing was written.</source>
        <translation>
            <numerusform>Not saved: the record has %n problem, shown in red. Nothing was written.</numerusform>
            <numerusform>Not saved: the record has %n problems, shown in red. Nothing was written.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not saved: the record has %n problem(s).</source>
        <translation>
            <numerusform>Not saved: the record has %n problem.</numerusform>
            <numerusform>Not saved: the record has %n problems.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Patient {0} saved (%n change(s)).</source>
        <translation>
            <numerusform>Patient {0} saved (%n change).</numerusform>
            <numerusform>Patient {0} saved (%n changes).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrescreenPage</name>
    <message numerus="yes">
        <source>Screening every patient against %n trial(s) on {0}…</source>
        <translation>
            <numerusform>Screening every patient against %n trial on {0}…</numerusform>
            <numerusform>Screening every patient against %n trials on {0}…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pre-screen finished: %n patient(s)</source>
        <translation>
            <numerusform>Pre-screen finished: %n patient</numerusform>
            <numerusform>Pre-screen finished: %n patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) on {0}</source>
        <translation>
            <numerusform>%n patient on {0}</numerusform>
            <numerusform>%n patients on {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message numerus="yes">
        <source>%n patient(s)</source>
        <translation>
            <numerusform>%n patient</numerusform>
            <numerusform>%n patients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScreeningPage</name>
    <message numerus="yes">
        <source>Printed %n page(s)</source>
        <translation>
            <numerusform>Printed %n page</numerusform>
            <numerusform>Printed %n pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use</source>
        <translation>
            <numerusform>Locked after %n minute without use</numerusform>
            <numerusform>Locked after %n minutes without use</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message numerus="yes">
        <source>%n eGFR value(s)</source>
        <translation>
            <numerusform>%n eGFR value</numerusform>
            <numerusform>%n eGFR values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message numerus="yes">
        <source>VALID: %n signature(s), all intact, trusted and matching the registry</source>
        <translation>
            <numerusform>VALID: %n signature, intact, trusted and matching the registry</numerusform>
            <numerusform>VALID: %n signatures, all intact, trusted and matching the registry</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>NOT VALID: %n of the signatures failed a check (in red below)</source>
        <translation>
            <numerusform>NOT VALID: %n of the signatures failed a check (in red below)</numerusform>
            <numerusform>NOT VALID: %n of the signatures failed a check (in red below)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionsTab</name>
    <message numerus="yes">
        <source>%n criterion(s) changed.</source>
        <translation>
            <numerusform>%n criterion changed.</numerusform>
            <numerusform>%n criteria changed.</numerusform>
        </translation>
    </message>
</context>
</TS>
