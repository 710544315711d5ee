/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-deletion-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-deletion-queue.h"
#include "ewe-toasts.h"

/* Deleting a list or removing a gift can be undone for as long as its
 * toast is shown. Until then nothing is deleted: the item only leaves the
 * views, through the queue's filter, and comes back on Undo. When the
 * toast goes away without Undo (or the window closes) the store deletes it
 * for real; the item stays hidden until that has committed, so it does not
 * flash back in between, and reappears, with a "failed" signal, if the
 * store refused. */

/* One deletion waiting for its toast to go. The queue owns it; its toast's
 * handlers carry it, and are disconnected before it is freed, so a toast
 * left in an overlay never reaches a queue that is gone. */
typedef struct
{
  EweDeletionQueue *queue; /* borrowed: the queue owns this */
  GObject          *item;  /* an EweList or an EweGift */
  AdwToast         *toast;
  gboolean          committing;
} Pending;

struct _EweDeletionQueue
{
  GObject          parent_instance;

  /* owned */
  EweStore        *store;
  GtkCustomFilter *filter;
  GHashTable      *pending; /* item → Pending */
};

G_DEFINE_FINAL_TYPE (EweDeletionQueue, ewe_deletion_queue, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum
{
  FAILED,
  RESTORED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
pending_disconnect_toast (Pending *pending)
{
  if (pending->toast != NULL)
    g_signal_handlers_disconnect_by_data (pending->toast, pending);
}

static void
pending_free (Pending *pending)
{
  pending_disconnect_toast (pending);
  g_clear_object (&pending->toast);
  g_clear_object (&pending->item);
  g_free (pending);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  EweDeletionQueue *self = user_data;

  return !g_hash_table_contains (self->pending, item);
}

typedef struct
{
  EweDeletionQueue *self;
  GObject          *item;
  GApplication     *application;
} Commit;

static void
commit_free (Commit *commit)
{
  if (commit->application != NULL)
    g_application_release (commit->application);
  g_clear_object (&commit->application);
  g_clear_object (&commit->item);
  g_clear_object (&commit->self);
  g_free (commit);
}

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Commit           *commit = user_data;
  EweDeletionQueue *self = commit->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (EWE_IS_LIST (commit->item))
    ok = ewe_store_delete_list_finish (EWE_STORE (object), result, &error);
  else
    ok = ewe_store_remove_gift_finish (EWE_STORE (object), result, &error);

  /* Done: the store's models no longer have it (or it stays, on error). */
  g_hash_table_remove (self->pending, commit->item);

  if (!ok)
    {
      /* Gone already is what the user wanted. */
      if (!g_error_matches (error, EWE_STORE_ERROR, EWE_STORE_ERROR_NOT_FOUND))
        {
          gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
          g_signal_emit (self, signals[FAILED], 0, commit->item, error);
        }
    }

  commit_free (commit);
}

static void
commit (EweDeletionQueue *self,
        Pending          *pending)
{
  GApplication *application = g_application_get_default ();
  Commit       *c;

  if (pending->committing)
    return;
  pending->committing = TRUE;

  c = g_new0 (Commit, 1);
  c->self = g_object_ref (self);
  c->item = g_object_ref (pending->item);
  /* A deletion made as the last window closes still reaches the file. */
  if (application != NULL)
    {
      c->application = g_object_ref (application);
      g_application_hold (application);
    }

  /* Not cancelled with any window: the user has decided. */
  if (EWE_IS_LIST (pending->item))
    ewe_store_delete_list_async (self->store, EWE_LIST (pending->item), NULL, committed_cb, c);
  else
    ewe_store_remove_gift_async (self->store, EWE_GIFT (pending->item), NULL, committed_cb, c);
}

static void
toast_dismissed_cb (AdwToast *toast,
                    Pending  *pending)
{
  commit (pending->queue, pending);
}

static void
toast_button_clicked_cb (AdwToast *toast,
                         Pending  *pending)
{
  ewe_deletion_queue_undo (pending->queue, pending->item);
}

static AdwToast *
add_pending (EweDeletionQueue *self,
             GObject          *item,
             const char       *title)
{
  Pending  *pending;
  AdwToast *toast;

  if ((pending = g_hash_table_lookup (self->pending, item)) != NULL)
    return g_object_ref (pending->toast);

  toast = ewe_toast_new_escaped (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  pending = g_new0 (Pending, 1);
  pending->queue = self;
  pending->item = g_object_ref (item);
  pending->toast = g_object_ref (toast);
  g_hash_table_insert (self->pending, item, pending);

  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_button_clicked_cb), pending);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);

  return toast;
}

static void
ewe_deletion_queue_dispose (GObject *object)
{
  EweDeletionQueue *self = (EweDeletionQueue *)object;

  /* Toasts left in an overlay must not reach back into a queue that is
   * gone. */
  if (self->pending != NULL)
    {
      GHashTableIter iter;
      Pending       *pending;

      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&pending))
        pending_disconnect_toast (pending);
    }

  G_OBJECT_CLASS (ewe_deletion_queue_parent_class)->dispose (object);
}

static void
ewe_deletion_queue_finalize (GObject *object)
{
  EweDeletionQueue *self = (EweDeletionQueue *)object;

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ewe_deletion_queue_parent_class)->finalize (object);
}

static void
ewe_deletion_queue_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EweDeletionQueue *self = EWE_DELETION_QUEUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_deletion_queue_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EweDeletionQueue *self = EWE_DELETION_QUEUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ewe_deletion_queue_class_init (EweDeletionQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ewe_deletion_queue_dispose;
  object_class->finalize = ewe_deletion_queue_finalize;
  object_class->get_property = ewe_deletion_queue_get_property;
  object_class->set_property = ewe_deletion_queue_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, EWE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EweDeletionQueue::failed:
   * @item: the list or gift the store did not delete; it is shown again
   * @error: why
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_OBJECT, G_TYPE_ERROR);

  /**
   * EweDeletionQueue::restored:
   * @item: the list or gift brought back by Undo; it is shown again
   */
  signals[RESTORED] =
    g_signal_new ("restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_OBJECT);
}

static void
ewe_deletion_queue_init (EweDeletionQueue *self)
{
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)pending_free);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
}

EweDeletionQueue *
ewe_deletion_queue_new (EweStore *store)
{
  g_return_val_if_fail (EWE_IS_STORE (store), NULL);

  return g_object_new (EWE_TYPE_DELETION_QUEUE, "store", store, NULL);
}

/**
 * ewe_deletion_queue_get_filter:
 *
 * Returns: (transfer none): a filter that hides what waits to be deleted,
 *   for a model of the store's lists or of a list's gifts
 */
GtkFilter *
ewe_deletion_queue_get_filter (EweDeletionQueue *self)
{
  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), NULL);

  return GTK_FILTER (self->filter);
}

/**
 * ewe_deletion_queue_delete_list:
 * @list: a live list of the store
 *
 * Hides @list, to be deleted when the returned toast is dismissed.
 *
 * Returns: (transfer full): the toast with Undo, to show
 */
AdwToast *
ewe_deletion_queue_delete_list (EweDeletionQueue *self,
                                EweList          *list)
{
  g_autofree char *title = NULL;
  const char      *name;

  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), NULL);
  g_return_val_if_fail (EWE_IS_LIST (list), NULL);

  name = ewe_list_get_title (list);
  if (name == NULL || name[0] == '\0')
    name = _("Untitled list");
  /* A co-owner's deletion only takes the list out of their lists: the
   * server keeps it for its creator. */
  if (ewe_list_get_coowned (list))
    /* Translators: %s is the title of a list someone shared with the user */
    title = g_strdup_printf (_("You left “%s”"), name);
  else
    /* Translators: %s is the list's title */
    title = g_strdup_printf (_("“%s” deleted"), name);

  return add_pending (self, G_OBJECT (list), title);
}

/**
 * ewe_deletion_queue_remove_gift:
 * @gift: a live gift of the store
 *
 * Hides @gift, to be removed from its list when the returned toast is
 * dismissed.
 *
 * Returns: (transfer full): the toast with Undo, to show
 */
AdwToast *
ewe_deletion_queue_remove_gift (EweDeletionQueue *self,
                                EweGift          *gift)
{
  g_autofree char *title = NULL;
  const char      *name;

  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), NULL);
  g_return_val_if_fail (EWE_IS_GIFT (gift), NULL);

  name = ewe_gift_get_details (gift);
  if (name == NULL || name[0] == '\0')
    name = _("Unnamed gift");
  /* Translators: %s is the gift's name */
  title = g_strdup_printf (_("“%s” removed"), name);

  return add_pending (self, G_OBJECT (gift), title);
}

gboolean
ewe_deletion_queue_is_pending (EweDeletionQueue *self,
                               gpointer          item)
{
  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), FALSE);

  return g_hash_table_contains (self->pending, item);
}

/* How many deletions wait for Undo's time to pass or for the store. */
guint
ewe_deletion_queue_get_n_pending (EweDeletionQueue *self)
{
  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), 0);

  return g_hash_table_size (self->pending);
}

/**
 * ewe_deletion_queue_get_toast:
 *
 * Returns: (transfer none) (nullable): @item's toast while it can be undone
 */
AdwToast *
ewe_deletion_queue_get_toast (EweDeletionQueue *self,
                              gpointer          item)
{
  Pending *pending;

  g_return_val_if_fail (EWE_IS_DELETION_QUEUE (self), NULL);

  pending = g_hash_table_lookup (self->pending, item);
  if (pending == NULL || pending->committing)
    return NULL;

  return pending->toast;
}

/* Shows @item again, unless its deletion has started already. */
void
ewe_deletion_queue_undo (EweDeletionQueue *self,
                         gpointer          item)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autoptr(GObject) restored = NULL;
  Pending *pending;

  g_return_if_fail (EWE_IS_DELETION_QUEUE (self));

  pending = g_hash_table_lookup (self->pending, item);
  if (pending == NULL || pending->committing)
    return;

  pending_disconnect_toast (pending);
  toast = g_steal_pointer (&pending->toast);
  restored = g_object_ref (pending->item);
  g_hash_table_remove (self->pending, item);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  ewe_toast_dismiss (toast);
  g_signal_emit (self, signals[RESTORED], 0, restored);
}

/* Deletes everything still waiting, as when the window closes. */
void
ewe_deletion_queue_commit_all (EweDeletionQueue *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  Pending       *pending;

  g_return_if_fail (EWE_IS_DELETION_QUEUE (self));

  /* Committing may not change the table, but collect first all the same. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&pending))
    g_ptr_array_add (all, pending);
  for (guint i = 0; i < all->len; i++)
    commit (self, g_ptr_array_index (all, i));
}
