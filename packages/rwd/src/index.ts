export { CDM_TABLES, type CdmColumn, type CdmTable, cdmDdl, cdmTable } from "./cdm/schema.ts";
