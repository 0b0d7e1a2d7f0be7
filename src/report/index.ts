export { renderClinicReport, type ReportWindow } from './clinic-report';
