export { AuditTrail, auditKey, type AuditRecord } from './audit-trail';
