/**
 * ERPNext 15 behaviour the plugin relies on, as observed on a running site (docs/host-contract.md), one file per
 * doctype under `doctypes/`: masters' naming and defaults, Sales Invoice totals/outstanding/status, Payment Entry
 * allocation, Stock Entry bins and serials, Timesheet totals, Task completion, Holiday List rules, Payment Request
 * states.
 */
import type { Kernel } from '../kernel.ts';
import type { Controller, DocMethod } from '../model/types.ts';
import type { ErpNext } from './methods.ts';
import { companyController } from './doctypes/company.ts';
import { contactController } from './doctypes/contact.ts';
import { customerController } from './doctypes/customer.ts';
import { holidayListController, holidayListMethods } from './doctypes/holiday-list.ts';
import { itemPriceController } from './doctypes/item-price.ts';
import { itemController } from './doctypes/item.ts';
import { paymentEntryController } from './doctypes/payment-entry.ts';
import { paymentRequestController } from './doctypes/payment-request.ts';
import { salesInvoiceController } from './doctypes/sales-invoice.ts';
import { serialNoController } from './doctypes/serial-no.ts';
import { stockEntryController } from './doctypes/stock-entry.ts';
import { taskController } from './doctypes/task.ts';
import { timesheetController } from './doctypes/timesheet.ts';
import { warehouseController } from './doctypes/warehouse.ts';

export function erpnextControllers(site: Kernel, erpnext: ErpNext): Record<string, Controller> {
  return {
    Company: companyController(site),
    Contact: contactController(site),
    Customer: customerController(site),
    'Holiday List': holidayListController(site),
    'Item Price': itemPriceController(site),
    Item: itemController(site),
    'Payment Entry': paymentEntryController(site, erpnext),
    'Payment Request': paymentRequestController(site),
    'Sales Invoice': salesInvoiceController(site, erpnext),
    'Serial No': serialNoController(site, erpnext),
    'Stock Entry': stockEntryController(site, erpnext),
    Task: taskController(site),
    Timesheet: timesheetController(site),
    Warehouse: warehouseController(site),
  };
}

export function erpnextDocMethods(): Record<string, Record<string, DocMethod>> {
  return { 'Holiday List': holidayListMethods };
}
