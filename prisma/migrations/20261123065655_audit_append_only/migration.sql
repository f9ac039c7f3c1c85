-- The audit log is append-only: PostgreSQL itself refuses to change or delete an entry,
-- whatever the application does. (Written by hand: Prisma's schema has no triggers.)
-- The body is single-quoted: the migration runner splits scripts at semicolons outside
-- quotes and does not know dollar quoting.
CREATE FUNCTION "pieraksts_audit_append_only"() RETURNS trigger
LANGUAGE plpgsql AS '
BEGIN
  RAISE EXCEPTION ''the audit log is append-only'' USING ERRCODE = ''insufficient_privilege'';
END;
';

CREATE TRIGGER "AuditEntry_append_only"
BEFORE UPDATE OR DELETE ON "AuditEntry"
FOR EACH ROW EXECUTE FUNCTION "pieraksts_audit_append_only"();

-- Entries keep their organisation: organisations are never deleted (service points
-- restrict it), so the foreign key needs no ON DELETE SET NULL that would update rows.
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_organisationId_fkey";
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_organisationId_fkey"
  FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
