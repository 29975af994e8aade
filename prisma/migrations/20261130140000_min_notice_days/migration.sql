-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "minNoticeDays" INTEGER NOT NULL DEFAULT 2;
