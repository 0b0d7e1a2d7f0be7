export { ClinicServices, DEFAULT_SERVICES_FILE, type Clinic, type ServicesFile } from './clinic-services';
export { serviceLines } from './service-lines';
