-- AlterTable: the discount on each invoice (Stripe's total_discount_amounts summed), shown in the invoice list.
ALTER TABLE "Invoice" ADD COLUMN     "discountAmount" INTEGER NOT NULL DEFAULT 0;
